import type Stripe from 'stripe';
import { NextResponse } from 'next/server';
import { db } from '@/lib/db';
import { stripe } from '@/lib/stripe';

export async function POST(request: Request) {
  // The signature covers the exact bytes Stripe sent, so read the raw body, not request.json().
  const body = await request.text();
  const signature = request.headers.get('stripe-signature');
  if (!signature) {
    return NextResponse.json({ error: 'Missing Stripe-Signature header' }, { status: 400 });
  }

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown error';
    return NextResponse.json({ error: `Webhook signature verification failed: ${message}` }, { status: 400 });
  }

  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const userId = session.client_reference_id;
      const subscriptionId =
        typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
      const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id;
      if (session.mode !== 'subscription' || !userId || !subscriptionId) break;

      await db.subscription.upsert({
        where: { userId },
        create: { userId, stripeCustomerId: customerId, stripeSubscriptionId: subscriptionId, status: 'active' },
        update: { stripeCustomerId: customerId, stripeSubscriptionId: subscriptionId, status: 'active' },
      });
      break;
    }
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      await db.subscription.updateMany({
        where: { stripeSubscriptionId: subscription.id },
        data: { status: subscription.status },
      });
      break;
    }
    default:
      // Other event types are enabled on the endpoint for the dashboard's logs only.
      break;
  }

  return NextResponse.json({ received: true });
}
