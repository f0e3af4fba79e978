// app/api/codespar/[...path]/route.ts: the browser's client talks to this route; it adds the
// secret key on the server and forwards to CodeSpar. Put your own sign-in check first.
const API = process.env.CODESPAR_API_URL ?? 'https://api.codespar.dev';

async function forward(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  // The session this user may manage: take it from your own session, never from the request.
  const sessionId = process.env.CODESPAR_SESSION_ID;
  if (path[0] !== 'v1' || path[1] !== 'sessions' || path[2] !== sessionId || path.some((s) => s === '.' || s === '..')) {
    return Response.json({ error: 'not_found' }, { status: 404 });
  }
  const url = new URL(`${API}/${path.map(encodeURIComponent).join('/')}${new URL(request.url).search}`);
  const headers = new Headers({ Authorization: `Bearer ${process.env.CODESPAR_API_KEY}` });
  for (const name of ['accept', 'content-type']) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const upstream = await fetch(url, {
    method: request.method,
    headers,
    body: hasBody ? await request.text() : undefined,
    cache: 'no-store',
  });
  // The client reads these: Date for link expiry, X-Request-Id for errors, Retry-After for 429/503.
  const answer = new Headers();
  for (const name of ['content-type', 'date', 'x-request-id', 'retry-after']) {
    const value = upstream.headers.get(name);
    if (value) answer.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers: answer });
}

export { forward as DELETE, forward as GET, forward as POST };
