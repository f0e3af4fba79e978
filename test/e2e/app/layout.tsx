// The styled components at real sizes, for layout checks in Chromium (test/e2e/layout.test.ts).
// ?view=dialog&server=ID[&client=live] | list | card&width=PX. Test-only.
import { createRoot } from 'react-dom/client';
import '../../../src/styles.css';
import { ConnectionList, ConnectionRequired, ConnectWizardDialog } from '../../../src/components/index.ts';
import type { Locale } from '../../../src/components/locales/index.ts';
import { metaClient, ReferenceProvider } from '../../../stories/support.tsx';

const params = new URLSearchParams(location.search);
const view = params.get('view');
const width = params.get('width');

function Layout() {
  if (view === 'dialog') return <ConnectWizardDialog serverId={params.get('server') ?? 'stripe'} defaultOpen />;
  if (view === 'card') {
    return (
      <div id="frame" style={{ width: `${width ?? 420}px`, padding: 8 }}>
        <ConnectionRequired serverId="mercado-pago" reason="To create the Pix charge of R$ 120,00 for Ana Souza." />
      </div>
    );
  }
  return (
    <div id="frame" style={{ width: width ? `${width}px` : undefined, padding: 16 }}>
      <ConnectionList locale={(params.get('locale') ?? 'en') as Locale} />
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  // live: the meta-tool in CodeSpar's live dialect, whose setup steps come with instructions.
  <ReferenceProvider {...(params.get('client') === 'live' ? { client: metaClient('ses_demo', 'action') } : {})}>
    <Layout />
  </ReferenceProvider>,
);
