/**
 * What the analyzer knows about Next.js, auth libraries, webhook providers and data layers.
 * Sources: ../shared/auth-and-webhooks.md (library docs cited there) and the Next.js docs.
 * Names are only a fallback: local helpers are judged by their bodies, never by their names.
 */

/** Calls that end the request: after them nothing else in the branch runs. */
export const TERMINATOR_CALLS = new Set([
  'redirect',
  'permanentRedirect',
  'notFound',
  'unauthorized',
  'forbidden',
  'redirectToSignIn',
  'redirectToSignUp',
]);

/** next/cache and next/navigation calls that refresh what the user sees after a mutation. */
export const REVALIDATION_CALLS = new Set(['revalidatePath', 'revalidateTag', 'updateTag', 'refresh', 'redirect', 'permanentRedirect', 'expirePath', 'expireTag']);

/** Identity sources of known libraries, by module and export. They return the user/session or null/empty. */
export const IDENTITY_EXPORTS: Record<string, string[]> = {
  'next-auth': ['getServerSession', 'auth'],
  'next-auth/next': ['getServerSession'],
  'next-auth/jwt': ['getToken'],
  '@clerk/nextjs/server': ['auth', 'currentUser', 'getAuth'],
  '@clerk/nextjs': ['auth', 'currentUser', 'getAuth'],
  '@workos-inc/authkit-nextjs': ['withAuth', 'getUser'],
  '@kinde-oss/kinde-auth-nextjs/server': ['getKindeServerSession'],
  'iron-session': ['getIronSession'],
  '@descope/nextjs-sdk/server': ['session', 'getSession'],
  '@logto/next/server-actions': ['getLogtoContext'],
  '@propelauth/nextjs/server/app-router': ['getUser', 'getUserOrRedirect'],
  'firebase-admin/auth': ['verifyIdToken', 'verifySessionCookie'],
  jose: ['jwtVerify'],
  jsonwebtoken: ['verify'],
};

/** Libraries whose presence in package.json names the project's auth stack (for the model and the fixes). */
export const AUTH_LIBRARIES = [
  'next-auth',
  '@auth/core',
  '@clerk/nextjs',
  '@supabase/ssr',
  '@supabase/auth-helpers-nextjs',
  'better-auth',
  'lucia',
  '@workos-inc/authkit-nextjs',
  '@kinde-oss/kinde-auth-nextjs',
  'firebase-admin',
  'iron-session',
  '@stackframe/stack',
  '@descope/nextjs-sdk',
  '@auth0/nextjs-auth0',
  '@logto/next',
  '@propelauth/nextjs',
  'node-appwrite',
];

/** Names that read the current identity when the analyzer cannot see the body (a package, or config). */
export const IDENTITY_NAME_RE =
  /^(auth|session|currentUser|getAuth|getCurrentUser|getUser|getSession|getServerSession|getServerAuthSession|getAuthSession|getSessionUser|getLoggedInUser|getAuthenticatedUser|getAuthUser|getViewer|getMe|me|whoami|validateRequest|validateSession|validateSessionToken|getCurrentSession|verifySession|verifyAuth|verifyToken|verifyAccessToken|verifyIdToken|verifySessionCookie|verifyJwt|verifyJWT|jwtVerify|getToken|getUserSession|isAuthenticated|isLoggedIn|isSignedIn|getClaims|getKindeServerSession|getIronSession|getLogtoContext|withAuth|getUserOrRedirect|getUserId|getCurrentUserId|getSessionOrThrow|getAuthContext|getAuthenticatedSession|getServerUser|getApiKey|verifyApiKey|validateApiKey|authenticate|authenticateRequest|getAccount|getCurrentAccount|getMember|getCurrentMember|getOrganization|getCurrentOrganization|getWorkspace|getTeam|getOrg|getActiveOrganization)$/;

/** A broader shape for identity helpers in packages the analyzer cannot read. */
export const IDENTITY_SHAPE_RE =
  /^(get|fetch|load|read|retrieve|validate|verify|check|ensure|require|assert|with|use)(Current|Server|Auth|Authed|Authenticated|Active|Signed[Ii]n|Logged[Ii]n|Valid|Verified|Session)*(User|Session|Auth|Viewer|Member|Account|Identity|Claims|Principal|Admin|Owner|Token|Jwt|JWT)(Session|Id|Data|Info|Or[A-Z]\w*)?$/;

/** Names that guard by themselves (they throw or redirect) when the body cannot be read. */
export const SELF_GUARD_NAME_RE =
  /^(require|ensure|assert|protect|enforce|authorize|guard|verify|check|must|needs?)(Current|Server|Signed[Ii]n|Logged[Ii]n|Authenticated|Valid|Active)*(User|Session|Auth|Authentication|Admin|Login|Member|Membership|Role|Roles|Permission|Permissions|Access|Owner|Ownership|Team|Org|Organization|Workspace|Account|Plan|Subscription|Scope|Scopes|ApiKey|Token)\w*$|OrRedirect$|OrThrow$|Or401$|OrFail$|OrUnauthorized$/;

/** Methods reached through a member chain that read identity: `supabase.auth.getUser()`, `auth.api.getSession()`. */
export const IDENTITY_MEMBER_RE = /^(getUser|getClaims|getSession|getServerSession|validateSession|validateRequest|verifyIdToken|verifySessionCookie|currentUser|getCurrentUser|getAuth|isAuthenticated|getAccessToken|verify)$/;

/** Identity members whose result must not be trusted on the server (cookie read, not revalidated). */
export const UNTRUSTED_IDENTITY_CHAINS = [/\bauth\.getSession$/];

/** Identity calls that stop by themselves. */
export const SELF_GUARD_MEMBER_CHAINS = [/(^|\.)auth\.protect$/, /^getUserOrRedirect$/, /(^|\.)getAccessToken$/, /(^|\.)requireAuth$/];

/** Webhook signature verification calls, by name. They throw or return a verdict the code branches on. */
export const VERIFICATION_CALL_RE =
  /^(constructEvent|constructEventAsync|verifyWebhook|verifyWebhookSignature|validateEvent|unmarshal|verifySignature|verifySignatureAppRouter|verifySignatureEdge|verifyKey|isValidSlackRequest|verifySlackRequest|validateRequest|validateRequestWithBody|verifyAndReceive|timingSafeEqual|verifyRequest|verifyHmac|verifyHMAC|validateSignature|validateWebhook|isValidSignature|checkSignature|verifyHeader|verifyGithubWebhook|verifyStripeSignature|verifyWebhookRequest|validateWebhookSignature)$/;

/** Headers only a webhook sender sets: reading one marks a route as a webhook receiver. */
export const SIGNATURE_HEADER_RE =
  /^(stripe-signature|svix-id|svix-signature|svix-timestamp|webhook-signature|webhook-id|x-hub-signature(-256)?|x-github-event|x-slack-signature|x-shopify-hmac-sha256|x-signature|x-signature-ed25519|paddle-signature|linear-signature|x-twilio-signature|upstash-signature|x-webhook-signature|x-razorpay-signature|x-cal-signature-256|x-supabase-signature|x-vercel-signature|x-postmark-signature|x-mailgun-signature|x-resend-signature|x-lemon-squeezy-signature|x-event-key|x-hook-signature|x-clerk-signature|x-polar-signature)$/i;

/** Modules that verify webhooks; importing one in a route marks it as a webhook receiver. */
export const WEBHOOK_MODULE_RE = /^(svix|standardwebhooks|@clerk\/nextjs\/webhooks|@octokit\/webhooks(-methods)?|@polar-sh\/sdk\/webhooks|discord-interactions|@upstash\/qstash(\/nextjs)?|@slack\/bolt)$/;

/** Wrappers from packages that guard by themselves. */
export const GUARDING_WRAPPER_RE = /^(withApiAuthRequired|withPageAuthRequired|protectApi|protectPage|verifySignatureAppRouter|verifySignatureEdge|withUnkey|withAuthRequired)$/;

/** Handlers built by auth libraries (sign-in, callbacks): public by design. */
export const AUTH_LIBRARY_HANDLER_RE = /^(NextAuth|toNextJsHandler|handleAuth|createRouteHandlerClient|authkit|handleAuthRoute|Auth0)$/;
/** Packages whose handlers are an auth library's own sign-in, callback and session endpoints. */
export const AUTH_LIBRARY_MODULE_RE = /^(next-auth|@auth\/|better-auth|@clerk\/|@auth0\/|@workos-inc\/|@kinde-oss\/|@logto\/|@propelauth\/|@stackframe\/|@descope\/|@supabase\/)/;

/** Handlers built by frameworks that verify their own signed requests. */
export const SIGNED_FRAMEWORK_HANDLERS: Record<string, string> = {
  inngest: 'Inngest verifies its signing key on every request in production',
  'inngest/next': 'Inngest verifies its signing key on every request in production',
  '@upstash/workflow/nextjs': 'Upstash Workflow verifies QStash signatures when its signing keys are set',
  '@upstash/qstash/nextjs': 'QStash handler verifies request signatures',
  '@trigger.dev/nextjs': 'Trigger.dev handler verifies its requests',
};

/** Method names that write whatever they are called on (ORMs, SDKs). */
export const STRONG_WRITE_METHODS = new Set([
  'insert', 'insertMany', 'insertOne', 'upsert', 'createMany', 'createManyAndReturn', 'updateMany', 'updateManyAndReturn',
  'deleteMany', 'updateOne', 'deleteOne', 'replaceOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace',
  'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove', 'bulkWrite', 'bulkCreate', 'bulkInsert',
  '$executeRaw', '$executeRawUnsafe', 'executeRaw', 'setDoc', 'addDoc', 'updateDoc', 'deleteDoc', 'writeBatch',
  'runTransaction', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'unlink', 'unlinkSync', 'rmSync',
  'hset', 'hdel', 'hincrby', 'incr', 'incrby', 'decr', 'lpush', 'rpush', 'sadd', 'srem', 'zadd', 'zrem', 'expire',
  'sendMail', 'sendEmail', 'sendBatch', 'putObject', 'deleteObject', 'uploadFile', 'softDelete', 'restore',
  'increment', 'decrement', 'truncate', 'destroy',
  // Redis commands that change a key (ioredis / Upstash spell them in lower case, node-redis in camel case).
  'getdel', 'getDel', 'getset', 'setex', 'setEx', 'setnx', 'setNX', 'psetex', 'mset', 'mSet', 'msetnx', 'hmset', 'hSet', 'hDel', 'hsetnx', 'hSetNX',
  'hIncrBy', 'incrBy', 'decrby', 'decrBy', 'incrbyfloat', 'incrByFloat', 'lPush', 'rPush', 'lpop', 'rpop', 'lPop', 'rPop', 'lrem', 'lRem', 'ltrim', 'lTrim',
  'sAdd', 'sRem', 'spop', 'sPop', 'zAdd', 'zRem', 'zincrby', 'zIncrBy', 'pexpire', 'pExpire', 'expireat', 'expireAt', 'persist',
]);

/** Method names that write when called on a data-ish receiver. */
export const WEAK_WRITE_METHODS = new Set(['create', 'update', 'delete', 'remove', 'save', 'set', 'del', 'put', 'patch', 'post', 'send', 'upload', 'add', 'execute', 'exec', 'trigger', 'publish', 'enqueue', 'emit', 'invoke', 'cancel', 'refund', 'capture', 'transfer', 'append', 'rename', 'move', 'copy', 'commit']);

/** Receivers whose `set`/`delete`/`update`… are not data writes. */
export const BENIGN_RECEIVER_RE =
  /(^|\.)(headers|header|searchParams|params|query|url|URL|map|Map|set|Set|formData|form|console|Object|Array|JSON|Math|Reflect|React|window|document|history|localStorage|sessionStorage|router|styles?|classList|dataset|state|ref|refs|current|hash|hmac|cipher|decipher|sign|verify|crypto|subtle|sha\w*|md5|digest|buffer|Buffer|list|items|arr|array|result|results|errors?|z|schema|res|response|reply|ctx\.res|event|e|evt|ws|socket\.io|emitter|bus|stream|reader|writer|controller|encoder|zip|archive|context|cache|cache\(\)|tokenCache|memo|metadata|meta|\w*(?:PDF|Pdf|Document|Builder|Factory|Canvas|Blob|Stream)|pdf\w*|attributes?|options|config|settings|params\(\)|nextUrl|nextUrl\.searchParams|requestHeaders|newHeaders|responseHeaders)$/;

/** Receivers whose `set`/`delete`/`del` are writes (cookies, key-value stores). */
export const STORE_RECEIVER_RE = /(cookie|cookies\(\)|redis|kv|upstash|store|storage|bucket|db|database|prisma|tx|trx|supabase|firestore|collection)/i;

/** Receivers whose `post`/`put`/`patch`/`delete` are HTTP calls to another service. */
export const HTTP_CLIENT_RE = /^(axios|ky|got|superagent|request|http|api|client|apiClient|fetcher|\$fetch|ofetch|wretch)$/i;

/** Functions whose name says they write, used only when the body cannot be read (packages, unresolved). */
export const WRITE_NAME_RE =
  /^(create|update|delete|remove|insert|upsert|save|add|set|toggle|archive|unarchive|publish|unpublish|send|invite|cancel|revoke|reset|submit|approve|reject|assign|unassign|move|rename|upload|destroy|edit|modify|change|clear|mark|enable|disable|subscribe|unsubscribe|book|pay|charge|refund|increment|decrement|like|unlike|follow|unfollow|vote|upvote|downvote|star|unstar|pin|unpin|block|unblock|ban|unban|restore|duplicate|clone|sync|trigger|schedule|complete|close|join|leave|accept|decline|transfer|deploy|write|store|persist|register|purchase|checkout|redeem|claim|grant|connect|disconnect|link|unlink|attach|detach|import|merge|reorder|sort|resend|verify|confirm|promote|demote|kick|mute|unmute|report|flag|bookmark|favorite|unfavorite|react|comment|reply|post|share|generate|regenerate|rotate|activate|deactivate|provision|seed|migrate|drop|purge|empty|wipe)(?=[A-Z0-9_]|$)/;

/** SQL text that writes. */
export const WRITE_SQL_RE = /^\s*(insert|update|delete|upsert|merge|replace|create|drop|alter|truncate|grant|revoke)\b/i;

/** Session writers. signIn/signOut are left out: they set cookies, but a login form has nothing to revalidate and is public by design. */
export const SESSION_WRITE_CALLS = new Set(['setSession', 'createSession', 'deleteSession', 'destroySession', 'invalidateSession', 'setCookie', 'deleteCookie', 'createSessionCookie']);

/** Action names that are public by design (split into lowercase camel-case words before matching). */
export const PUBLIC_ACTION_WORDS: string[][] = [
  ['sign', 'in'], ['signin'], ['sign', 'up'], ['signup'], ['log', 'in'], ['login'], ['log', 'out'], ['logout'], ['sign', 'out'], ['signout'],
  ['register'], ['registration'], ['forgot'], ['reset', 'password'], ['password', 'reset'], ['request', 'password'], ['verify', 'email'],
  ['confirm', 'email'], ['verify', 'otp'], ['otp'], ['magic', 'link'], ['newsletter'], ['waitlist'], ['subscribe', 'newsletter'],
  ['contact'], ['authenticate'], ['subscribe', 'to', 'newsletter'], ['mailing', 'list'], ['oauth'], ['sso'], ['passkey'], ['webauthn'], ['verify', 'code'], ['resend', 'verification'],
  ['accept', 'invite'], ['verify', 'password'], ['check', 'password'], ['unlock'], ['accept', 'invitation'], ['social', 'login'], ['github', 'login'], ['google', 'login'],
];

/** URL segments of routes that are public by design. */
export const PUBLIC_ROUTE_SEGMENT_RE =
  /^(health|healthz|healthcheck|health-check|status|ping|heartbeat|ready|readiness|liveness|live|og|opengraph-image|twitter-image|icon|apple-icon|robots\.txt|sitemap\.xml|sitemap|manifest\.json|manifest\.webmanifest|feed\.xml|rss\.xml|rss|atom\.xml|favicon\.ico|login|logout|signin|sign-in|signup|sign-up|signout|sign-out|register|forgot-password|reset-password|verify-email|magic-link|otp|newsletter|subscribe|unsubscribe|waitlist|contact|\.well-known|callback|callbacks|version|openapi|openapi\.json|swagger|docs)$/i;

/** URL segments of routes that exist for outside callers. */
export const EXTERNAL_ROUTE_SEGMENT_RE = /^(webhooks?|hooks?|callback|callbacks|oauth|oauth2|cron|crons|jobs?|public|v\d+|external|integrations?|ingest|inngest|trigger|qstash|\[\.\.\.nextauth\]|\[\.\.\.auth\]|\[\.\.\.all\]|auth)$/i;

/** URL segments that mark a webhook receiver. */
export const WEBHOOK_SEGMENT_RE = /(^|-|_)(webhooks?|hooks?)($|-|_)/i;


/** Route segments of sign-in/sign-up flows and mailing-list forms: public by design even when they write. */
export const PUBLIC_FLOW_SEGMENT_RE =
  /^(login|logout|signin|sign-in|signup|sign-up|signout|sign-out|register|forgot-password|reset-password|verify-email|magic-link|otp|newsletter|subscribe|unsubscribe|waitlist|contact|callback|callbacks)$/i;

/**
 * Calls that verify (and parse) a webhook provider's payload. Narrower than VERIFICATION_CALL_RE: a shared-secret
 * compare or `timingSafeEqual` also guards invite tokens, and `verifyKey` is as often an API-key check (Unkey).
 */
export const WEBHOOK_VERIFIER_CALL_RE =
  /^(constructEvent|constructEventAsync|verifyWebhook|verifyWebhookSignature|validateEvent|unmarshal|isValidSlackRequest|verifySlackRequest|verifyAndReceive|validateWebhook|validateWebhookSignature|verifyStripeSignature|verifyGithubWebhook|verifyWebhookRequest)$/;

/** Headers whose comparison tells a same-origin request from a cross-site one (the check Server Actions get built in). */
export const ORIGIN_HEADER_RE = /^(origin|host|x-forwarded-host|referer|referrer|sec-fetch-site)$/i;

/** Calls that check the request's origin or a CSRF token (Lucia's verifyRequestOrigin, csrf libraries, local helpers). */
export const ORIGIN_CHECK_CALL_RE = /csrf|xsrf|^(verifyRequestOrigin|validateOrigin|checkOrigin|verifyOrigin|isSameOrigin|sameOrigin|isAllowedOrigin|assertSameOrigin|validateRequestOrigin)$/i;

/** Headers that carry a token browsers never attach by themselves (so a cross-site request cannot forge them). */
export const TOKEN_HEADER_RE = /^(authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-token|x-api-token)$/i;

/** API-key / bearer-token checks by name. */
export const TOKEN_AUTH_CALL_RE = /^(verify|validate|check|get|authenticate|require)(Api|API)(Key|Token)\w*$|bearer|^(verifyKey|getBearerToken|extractBearerToken|authenticateApiKey|withApiKey)$/i;

/** Calls whose response is a stream (AI SDK, Vercel AI helpers). */
export const STREAM_RESPONSE_CALL_RE =
  /^(toDataStreamResponse|toUIMessageStreamResponse|toTextStreamResponse|createDataStreamResponse|createUIMessageStreamResponse|pipeDataStreamToResponse|toAIStreamResponse|streamText|streamObject|streamUI|OpenAIStream|AnthropicStream|createStreamableValue|toReadableStream)$/;

/**
 * Schema validation: zod `parse`/`safeParse`, valibot `parse(schema, x)`, yup `validate`, superstruct `assert`/`create`,
 * conform `parseWithZod`, and local `validate…` / `sanitize…` / `assert…` helpers. Only counts with the input as an argument.
 */
export const VALIDATION_CALL_RE = /^((safe)?[Pp]arse(Async)?|parseWith\w+|validate\w*|isValid\w*|sanitize\w*|assert\w*|check(Input|Data|Payload|Form|Schema|Fields?)\w*)$/;

/** superstruct's `create(value, Struct)` / `is(value, Struct)` / `mask(…)`: validation only as plain calls (`db.x.create` writes). */
export const PLAIN_VALIDATION_CALL_RE = /^(create|is|mask)$/;

/** Receivers whose `parse` reads text, it does not validate a shape. */
export const NON_VALIDATING_RECEIVER_RE = /^(JSON|Date|URL|Number|path|qs|querystring|cookie|cookies|yaml|YAML|csv|Papa|marked|JSON5|superjson|devalue|url|parser|htmlParser|DOMParser|new URL\(\)|chrono)$/;
