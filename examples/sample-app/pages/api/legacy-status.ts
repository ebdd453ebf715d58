import type { NextApiRequest, NextApiResponse } from 'next';

type StatusResponse = { status: 'ok'; version: string; time: string } | { error: string };

// Still polled by the old status-page widget; new monitors use /api/health.
export default function handler(req: NextApiRequest, res: NextApiResponse<StatusResponse>) {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return res.status(405).json({ error: 'Method Not Allowed' });
  }

  res.status(200).json({
    status: 'ok',
    version: process.env.APP_VERSION ?? 'dev',
    time: new Date().toISOString(),
  });
}
