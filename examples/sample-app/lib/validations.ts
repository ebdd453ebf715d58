import { z } from 'zod';

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the project a name.')
  .max(80, 'Keep the name under 80 characters.');

export const createProjectSchema = z.object({
  name: projectNameSchema,
  description: z.string().trim().max(500, 'Keep the description under 500 characters.').optional(),
});

export const projectIdSchema = z.cuid();

export const inviteSchema = z.object({
  projectId: projectIdSchema,
  email: z.email('Enter a valid email address.'),
});

export type CreateProjectInput = z.infer<typeof createProjectSchema>;
