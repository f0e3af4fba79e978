// app/oauth/done/page.tsx: the page at redirect_url. It tells the chat window how the sign-in
// ended, then closes the popup.
'use client';
import { completeConnection } from '@codespar/connect-react/callback';
import { useEffect, useRef } from 'react';

export default function ConnectionDone() {
  const line = useRef<HTMLParagraphElement>(null);
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return; // once, also under StrictMode
    done.current = true;
    completeConnection({ element: line.current ?? undefined });
  }, []);
  return <p ref={line} />;
}
