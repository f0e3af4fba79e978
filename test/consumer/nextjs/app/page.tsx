// app/page.tsx: a server component; it knows the user's CodeSpar session.
import { Connections } from './connections';

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Your accounts</h1>
      <Connections sessionId={process.env.CODESPAR_SESSION_ID ?? ''} />
    </main>
  );
}
