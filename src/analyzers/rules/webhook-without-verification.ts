import type { Rule } from './rule';

/** Marks the evidence the route classifier leaves when a route reads a webhook payload. */
export const WEBHOOK_EVIDENCE_PREFIX = 'webhook:';

export const webhookWithoutVerification: Rule = {
  id: 'webhook-without-verification',
  description:
    'A route that receives a webhook but never verifies its signature or shared secret: anyone who finds the URL can forge events.',
  defaultSeverity: 'error',
  check({ endpoint }) {
    if (endpoint.kind === 'action') return [];
    const webhook = endpoint.evidence.find(
      (item) => item.kind === 'external-hint' && item.message.startsWith(WEBHOOK_EVIDENCE_PREFIX),
    );
    if (!webhook) return [];
    if (endpoint.evidence.some((item) => item.kind === 'verification')) return [];
    if (endpoint.auth === 'protected' || endpoint.auth === 'public') return [];
    return [
      {
        message:
          'This webhook handler never verifies the sender. Read the raw body with `await request.text()`, verify the signature header with the provider SDK (e.g. `stripe.webhooks.constructEvent`) or an HMAC compared with `crypto.timingSafeEqual`, and return 400 when it fails.',
      },
    ];
  },
};
