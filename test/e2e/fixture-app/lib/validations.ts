import { z } from 'zod';

export const projectNameSchema = z.string().trim().min(1).max(80);
export const idSchema = z.string().cuid();
export const displayNameSchema = z.string().trim().min(1).max(60);
export const emailSchema = z.string().email();
