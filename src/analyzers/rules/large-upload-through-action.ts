import type { Rule } from './rule';

export const largeUploadThroughAction: Rule = {
  id: 'large-upload-through-action',
  description:
    "A Server Action that takes a File or Blob from its FormData with no size check while next.config leaves serverActions.bodySizeLimit at its 1 MB default: larger uploads fail before the action runs. Presigned uploads from a route handler scale better.",
  defaultSeverity: 'info',
  check({ endpoint, app }) {
    const signals = endpoint.kind === 'action' ? endpoint.signals : undefined;
    const file = signals?.fileInput;
    if (!file || signals.fileSizeCheck || app.serverActionsBodySizeLimit !== undefined) return [];
    return [
      {
        message: `This action takes a file (${file.message}, ${file.file}:${file.line}) and checks no size, while serverActions.bodySizeLimit is left at its 1 MB default: any larger file fails with "Body exceeded 1 MB limit" before the action runs, and every upload streams through your server. Have a route handler hand out a presigned upload URL and send the file straight to storage; or raise experimental.serverActions.bodySizeLimit in next.config and compare file.size with a limit.`,
      },
    ];
  },
};
