/**
 * The reference API's provider catalog: real CodeSpar provider ids (the providers CodeSpar's docs list) with
 * plausible names, categories, capabilities and tools, so stories and tests look like production.
 */

export type ProviderCategory = 'payments' | 'banking' | 'fiscal' | 'messaging' | 'commerce' | 'logistics' | 'erp' | 'identity';

export interface CatalogTool {
  name: string;
  description: string;
}

/**
 * What an operator does before a provider works: the live wizard's `initiate` answer
 * (`ConnectionWizardInstructions`). Secrets are named, with where to find them; never values.
 */
export interface ProviderSetup {
  difficulty: 'easy' | 'medium' | 'hard';
  /** The steps, in order. */
  instructions: string[];
  required_secrets: { name: string; hint?: string }[];
  known_pitfalls: string[];
}

export interface CatalogProvider {
  /** CodeSpar server id, e.g. `"mercado-pago"`. */
  id: string;
  name: string;
  category: ProviderCategory;
  /** ISO 3166 alpha-2, or `"GLOBAL"`. */
  country: string;
  /** `oauth`: consent page with Approve / Deny. `api_key` / `path_secret`: a key form. `none`: no auth. */
  auth_type: 'oauth' | 'api_key' | 'path_secret' | 'none';
  /** One sentence, shown on the consent page. */
  description: string;
  capabilities: string[];
  tools: CatalogTool[];
  /** Default OAuth scopes (oauth providers only). */
  scopes?: string[];
  /** Brand colour as `#rrggbb`, used for the initials logo. */
  color: string;
  /** Operator setup; without it the live wizard generates one from `auth_type`. */
  setup?: ProviderSetup;
}

export const CATALOG: readonly CatalogProvider[] = [
  // Payments
  {
    id: 'stripe',
    name: 'Stripe',
    category: 'payments',
    country: 'GLOBAL',
    auth_type: 'api_key',
    description: 'Create card payments, customers and subscriptions, and issue refunds through Stripe.',
    capabilities: ['credit_card', 'refund', 'subscription', 'invoice', 'customer'],
    tools: [
      { name: 'stripe_create_payment_intent', description: 'Creates a payment intent for a card charge.' },
      { name: 'stripe_create_customer', description: 'Creates a customer record.' },
      { name: 'stripe_create_subscription', description: 'Subscribes a customer to a recurring price.' },
      { name: 'stripe_create_refund', description: 'Refunds all or part of a charge.' },
    ],
    color: '#635bff',
    setup: {
      difficulty: 'easy',
      instructions: [
        'In the Stripe Dashboard, open Developers → API keys.',
        'Create a restricted key with write access to PaymentIntents, Customers, Subscriptions and Refunds, or reveal the secret key.',
        'Paste the key on the setup page and save.',
      ],
      required_secrets: [
        {
          name: 'STRIPE_SECRET_KEY',
          hint: 'Starts with sk_test_ in test mode and sk_live_ in live mode; a restricted key starts with rk_.',
        },
      ],
      known_pitfalls: [
        'Test-mode and live-mode keys see different data: a customer created with one does not exist for the other.',
        'A publishable key (pk_…) cannot create payments.',
      ],
    },
  },
  {
    id: 'mercado-pago',
    name: 'Mercado Pago',
    category: 'payments',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Charge customers by Pix, boleto or card and issue refunds through a Mercado Pago account.',
    capabilities: ['pix', 'boleto', 'credit_card', 'refund', 'payment_link'],
    tools: [
      { name: 'mercado_pago_create_pix_payment', description: 'Creates a Pix payment and returns its QR code.' },
      { name: 'mercado_pago_create_boleto', description: 'Issues a boleto for a given amount and payer.' },
      { name: 'mercado_pago_create_preference', description: 'Creates a checkout preference with a payment link.' },
      { name: 'mercado_pago_get_payment', description: 'Fetches the status of a payment.' },
      { name: 'mercado_pago_refund_payment', description: 'Refunds all or part of a payment.' },
    ],
    scopes: ['read', 'write', 'offline_access'],
    color: '#00b1ea',
  },
  {
    id: 'asaas',
    name: 'Asaas',
    category: 'payments',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Register customers and collect payments by Pix, boleto or card, including recurring charges, through Asaas.',
    capabilities: ['pix', 'boleto', 'credit_card', 'subscription', 'customer'],
    tools: [
      { name: 'asaas_create_customer', description: 'Registers a customer by name and CPF or CNPJ.' },
      { name: 'asaas_create_charge', description: 'Creates a Pix, boleto or card charge for a customer.' },
      { name: 'asaas_create_subscription', description: 'Creates a recurring charge for a customer.' },
      { name: 'asaas_get_pix_qr_code', description: 'Returns the Pix QR code for a charge.' },
    ],
    color: '#0030b9',
    setup: {
      difficulty: 'easy',
      instructions: [
        'In Asaas, open Integrações → Chave de API and generate a key.',
        'Paste it on the setup page, choosing sandbox or production to match the key.',
        'Save: the key is shown only once, so generate a new one if it is lost.',
      ],
      required_secrets: [{ name: 'ASAAS_API_KEY', hint: 'Starts with $aact_; a sandbox key works only against the sandbox.' }],
      known_pitfalls: [
        'Sandbox and production are separate accounts with separate keys.',
        'A customer needs a valid CPF or CNPJ before a charge can be created for them.',
      ],
    },
  },
  {
    id: 'pagar-me',
    name: 'Pagar.me',
    category: 'payments',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Create orders paid by Pix, boleto or card and cancel charges through Pagar.me.',
    capabilities: ['pix', 'boleto', 'credit_card', 'refund', 'split'],
    tools: [
      { name: 'pagar_me_create_order', description: 'Creates an order with Pix, boleto or card payment.' },
      { name: 'pagar_me_get_order', description: 'Fetches an order and its charges.' },
      { name: 'pagar_me_cancel_charge', description: 'Cancels or refunds a charge.' },
    ],
    color: '#65a300',
    setup: {
      difficulty: 'easy',
      instructions: [
        'In the Pagar.me dashboard, open Configurações → Chaves.',
        'Copy the secret key of the account.',
        'Paste it on the setup page and save.',
      ],
      required_secrets: [{ name: 'PAGARME_SECRET_KEY', hint: 'The secret key (sk_…), not the public key (pk_…).' }],
      known_pitfalls: ['Only Core API v5 keys work: keys of the old v4 API (ak_…) are refused.'],
    },
  },
  {
    id: 'paypal',
    name: 'PayPal',
    category: 'payments',
    country: 'GLOBAL',
    auth_type: 'oauth',
    description: 'Create and capture PayPal orders, refund captures and send invoices from a PayPal business account.',
    capabilities: ['checkout', 'refund', 'invoice', 'payout'],
    tools: [
      { name: 'paypal_create_order', description: 'Creates an order the buyer approves in PayPal.' },
      { name: 'paypal_capture_order', description: 'Captures the payment of an approved order.' },
      { name: 'paypal_refund_capture', description: 'Refunds all or part of a captured payment.' },
      { name: 'paypal_send_invoice', description: 'Creates and sends an invoice to a customer.' },
    ],
    scopes: [
      'openid',
      'https://uri.paypal.com/services/payments/payment',
      'https://uri.paypal.com/services/payments/refund',
      'https://uri.paypal.com/services/invoicing',
    ],
    color: '#003087',
  },
  {
    id: 'nubank',
    name: 'Nubank',
    category: 'payments',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Read the account balance and statement and start Pix transfers from a Nubank account via Open Finance.',
    capabilities: ['pix', 'balance', 'statement', 'transfer'],
    tools: [
      { name: 'nubank_get_balance', description: 'Returns the current account balance.' },
      { name: 'nubank_list_transactions', description: 'Lists account transactions for a date range.' },
      { name: 'nubank_create_pix_transfer', description: 'Starts a Pix transfer to a key or account.' },
    ],
    scopes: ['openid', 'accounts', 'payments'],
    color: '#820ad1',
  },
  {
    id: 'ebanx',
    name: 'EBANX',
    category: 'payments',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Accept local payment methods such as Pix, boleto and cards across Latin America and issue refunds through EBANX.',
    capabilities: ['pix', 'boleto', 'credit_card', 'refund', 'payout'],
    tools: [
      { name: 'ebanx_create_payment', description: 'Creates a payment with a local payment method.' },
      { name: 'ebanx_query_payment', description: 'Fetches the status of a payment by its hash.' },
      { name: 'ebanx_refund_payment', description: 'Refunds all or part of a payment.' },
    ],
    color: '#1e63ff',
  },
  {
    id: 'dlocal',
    name: 'dLocal',
    category: 'payments',
    country: 'GLOBAL',
    auth_type: 'api_key',
    description: 'Collect payments with local methods in emerging markets and send payouts through dLocal.',
    capabilities: ['credit_card', 'bank_transfer', 'refund', 'payout'],
    tools: [
      { name: 'dlocal_create_payment', description: 'Creates a payment with a local payment method.' },
      { name: 'dlocal_get_payment', description: 'Fetches the status of a payment.' },
      { name: 'dlocal_create_refund', description: 'Refunds all or part of a payment.' },
      { name: 'dlocal_create_payout', description: 'Sends a payout to a beneficiary bank account.' },
    ],
    color: '#1e3dff',
  },
  {
    id: 'pix-bcb',
    name: 'Pix (Banco Central)',
    category: 'payments',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Create Pix charges, look up received Pix payments and request Pix refunds through the Banco Central Pix API.',
    capabilities: ['pix', 'qr_code', 'refund', 'webhook'],
    tools: [
      { name: 'pix_bcb_create_charge', description: 'Creates an immediate Pix charge with a QR code.' },
      { name: 'pix_bcb_get_charge', description: 'Fetches a Pix charge by its txid.' },
      { name: 'pix_bcb_list_received', description: 'Lists Pix payments received in a period.' },
      { name: 'pix_bcb_request_refund', description: 'Requests a refund of a received Pix payment.' },
    ],
    color: '#32bcad',
  },
  {
    id: 'conekta',
    name: 'Conekta',
    category: 'payments',
    country: 'MX',
    auth_type: 'api_key',
    description: 'Create orders paid by card, OXXO cash or SPEI transfer and issue refunds through Conekta.',
    capabilities: ['credit_card', 'oxxo', 'spei', 'refund', 'customer'],
    tools: [
      { name: 'conekta_create_order', description: 'Creates an order paid by card, OXXO or SPEI.' },
      { name: 'conekta_create_customer', description: 'Creates a customer record.' },
      { name: 'conekta_refund_order', description: 'Refunds all or part of a paid order.' },
    ],
    color: '#2b59c3',
  },
  {
    id: 'wompi',
    name: 'Wompi',
    category: 'payments',
    country: 'CO',
    auth_type: 'api_key',
    description: 'Collect payments by card, PSE, Nequi or Bancolombia transfer and check transaction status through Wompi.',
    capabilities: ['credit_card', 'pse', 'nequi', 'payment_link'],
    tools: [
      { name: 'wompi_create_transaction', description: 'Creates a transaction with a chosen payment method.' },
      { name: 'wompi_get_transaction', description: 'Fetches the status of a transaction.' },
      { name: 'wompi_create_payment_link', description: 'Creates a shareable payment link.' },
    ],
    color: '#2c2a29',
  },
  {
    id: 'nequi',
    name: 'Nequi',
    category: 'payments',
    country: 'CO',
    auth_type: 'oauth',
    description: 'Send push payment requests and QR codes to Nequi users and check their status.',
    capabilities: ['push_payment', 'qr_code', 'refund'],
    tools: [
      { name: 'nequi_send_push_payment', description: 'Sends a payment request to a Nequi phone number.' },
      { name: 'nequi_generate_qr', description: 'Generates a QR code for a payment.' },
      { name: 'nequi_get_payment_status', description: 'Fetches the status of a payment request.' },
      { name: 'nequi_reverse_payment', description: 'Reverses a completed payment.' },
    ],
    scopes: ['payments', 'qr_payments', 'reversals'],
    color: '#da0081',
  },

  // Banking
  {
    id: 'itau',
    name: 'Itaú',
    category: 'banking',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Read balances and statements, issue boletos and make Pix transfers from an Itaú business account.',
    capabilities: ['balance', 'statement', 'pix', 'boleto', 'transfer'],
    tools: [
      { name: 'itau_get_balance', description: 'Returns the current account balance.' },
      { name: 'itau_get_statement', description: 'Returns account statement entries for a date range.' },
      { name: 'itau_create_boleto', description: 'Issues a boleto for a payer.' },
      { name: 'itau_create_pix_transfer', description: 'Sends a Pix transfer to a key or account.' },
    ],
    scopes: ['openid', 'accounts', 'payments', 'boletos'],
    color: '#ec7000',
  },
  {
    id: 'bradesco',
    name: 'Bradesco',
    category: 'banking',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Read balances and statements, issue boletos and make Pix transfers from a Bradesco business account.',
    capabilities: ['balance', 'statement', 'pix', 'boleto', 'transfer'],
    tools: [
      { name: 'bradesco_get_balance', description: 'Returns the current account balance.' },
      { name: 'bradesco_get_statement', description: 'Returns account statement entries for a date range.' },
      { name: 'bradesco_create_boleto', description: 'Issues a boleto for a payer.' },
      { name: 'bradesco_create_pix_transfer', description: 'Sends a Pix transfer to a key or account.' },
    ],
    scopes: ['openid', 'accounts', 'payments'],
    color: '#cc092f',
  },
  {
    id: 'stark-bank',
    name: 'Stark Bank',
    category: 'banking',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Create invoices and boletos, make Pix transfers and read the balance of a Stark Bank account.',
    capabilities: ['pix', 'boleto', 'invoice', 'transfer', 'balance'],
    tools: [
      { name: 'stark_bank_create_invoice', description: 'Creates a Pix invoice for a payer.' },
      { name: 'stark_bank_create_boleto', description: 'Issues a boleto for a payer.' },
      { name: 'stark_bank_create_transfer', description: 'Sends a Pix or TED transfer.' },
      { name: 'stark_bank_get_balance', description: 'Returns the current account balance.' },
    ],
    color: '#0070e0',
  },

  // Fiscal
  {
    id: 'nuvem-fiscal',
    name: 'Nuvem Fiscal',
    category: 'fiscal',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Issue, query and cancel NF-e and NFS-e invoices and look up company data through Nuvem Fiscal.',
    capabilities: ['nfe_issue', 'nfse_issue', 'nfe_cancel', 'cnpj_lookup'],
    tools: [
      { name: 'nuvem_fiscal_issue_nfe', description: 'Issues an NF-e for a sale of goods.' },
      { name: 'nuvem_fiscal_issue_nfse', description: 'Issues an NFS-e for a service.' },
      { name: 'nuvem_fiscal_get_nfe', description: 'Fetches the status and XML of an NF-e.' },
      { name: 'nuvem_fiscal_cancel_nfe', description: 'Cancels an authorised NF-e.' },
    ],
    scopes: ['empresa', 'nfe', 'nfse', 'cnpj'],
    color: '#0a7cff',
    setup: {
      difficulty: 'hard',
      instructions: [
        'In the Nuvem Fiscal console, create API credentials (a client ID and a client secret).',
        'Register the issuing company by CNPJ and upload its A1 digital certificate (.pfx) with its password.',
        'Enter the credentials on the setup page, choosing sandbox or production.',
      ],
      required_secrets: [
        { name: 'NUVEM_FISCAL_CLIENT_ID', hint: 'Console → Credenciais de API.' },
        { name: 'NUVEM_FISCAL_CLIENT_SECRET', hint: 'Shown once, when the credential is created.' },
      ],
      known_pitfalls: [
        "No NF-e can be issued until the company's A1 certificate is uploaded and still valid.",
        'Sandbox documents have no fiscal value, and production needs its own credentials.',
        'The state registration (IE) and tax regime must match SEFAZ, or the NF-e is rejected.',
      ],
    },
  },
  {
    id: 'nfe-io',
    name: 'NFe.io',
    category: 'fiscal',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Issue and cancel service and product invoices and download their PDF and XML through NFe.io.',
    capabilities: ['nfse_issue', 'nfe_issue', 'nfe_cancel', 'invoice_pdf'],
    tools: [
      { name: 'nfe_io_issue_service_invoice', description: 'Issues an NFS-e for a company.' },
      { name: 'nfe_io_get_invoice', description: 'Fetches an invoice and its status.' },
      { name: 'nfe_io_cancel_invoice', description: 'Cancels an issued invoice.' },
      { name: 'nfe_io_download_pdf', description: 'Downloads the PDF of an invoice.' },
    ],
    color: '#15b374',
  },
  {
    id: 'focus-nfe',
    name: 'Focus NFe',
    category: 'fiscal',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Issue, query and cancel NF-e, NFC-e and NFS-e documents through Focus NFe.',
    capabilities: ['nfe_issue', 'nfce_issue', 'nfse_issue', 'nfe_cancel'],
    tools: [
      { name: 'focus_nfe_issue_nfe', description: 'Issues an NF-e from a reference and order data.' },
      { name: 'focus_nfe_issue_nfse', description: 'Issues an NFS-e for a service.' },
      { name: 'focus_nfe_get_nfe', description: 'Fetches the status of an NF-e by reference.' },
      { name: 'focus_nfe_cancel_nfe', description: 'Cancels an authorised NF-e with a justification.' },
    ],
    color: '#f28c28',
    setup: {
      difficulty: 'medium',
      instructions: [
        'In the Focus NFe panel, open the company and copy its API token.',
        'Check that the company has an A1 certificate and the document types it issues enabled.',
        'Paste the token on the setup page, choosing homologação or produção.',
      ],
      required_secrets: [{ name: 'FOCUS_NFE_TOKEN', hint: 'Homologação and produção have different tokens.' }],
      known_pitfalls: [
        'A homologação token issues documents with no fiscal value.',
        'Each NF-e needs a unique reference (ref): sending one again returns the earlier document.',
      ],
    },
  },
  {
    id: 'facturapi',
    name: 'Facturapi',
    category: 'fiscal',
    country: 'MX',
    auth_type: 'api_key',
    description: 'Issue, send and cancel CFDI electronic invoices in Mexico through Facturapi.',
    capabilities: ['cfdi_issue', 'cfdi_cancel', 'invoice', 'customer'],
    tools: [
      { name: 'facturapi_create_invoice', description: 'Issues a CFDI invoice for a customer.' },
      { name: 'facturapi_cancel_invoice', description: 'Cancels an issued CFDI invoice.' },
      { name: 'facturapi_send_invoice', description: 'Emails an invoice to the customer.' },
      { name: 'facturapi_create_customer', description: 'Registers a customer by RFC and tax details.' },
    ],
    color: '#3d5afe',
  },
  {
    id: 'afip',
    name: 'AFIP',
    category: 'fiscal',
    country: 'AR',
    auth_type: 'api_key',
    description: 'Request electronic invoice authorisation codes and look up taxpayers with AFIP in Argentina.',
    capabilities: ['factura_electronica', 'cae', 'taxpayer_lookup'],
    tools: [
      { name: 'afip_create_invoice', description: 'Requests a CAE for an electronic invoice.' },
      { name: 'afip_get_last_voucher', description: 'Returns the last authorised voucher number for a point of sale.' },
      { name: 'afip_get_taxpayer', description: 'Looks up a taxpayer by CUIT.' },
    ],
    color: '#0072bb',
  },

  // Messaging
  {
    id: 'z-api',
    name: 'Z-API',
    category: 'messaging',
    country: 'BR',
    auth_type: 'path_secret',
    description: 'Send WhatsApp text, media and document messages and check connection status through a Z-API instance.',
    capabilities: ['whatsapp_message', 'media_message', 'document_message', 'status'],
    tools: [
      { name: 'z_api_send_text', description: 'Sends a WhatsApp text message to a phone number.' },
      { name: 'z_api_send_image', description: 'Sends an image with an optional caption.' },
      { name: 'z_api_send_document', description: 'Sends a document such as a PDF.' },
      { name: 'z_api_get_status', description: 'Returns the connection status of the instance.' },
    ],
    color: '#00b16a',
    setup: {
      difficulty: 'medium',
      instructions: [
        'Create an instance in the Z-API panel and scan its QR code with the WhatsApp phone.',
        'Copy the instance ID and the instance token from the instance page.',
        'Copy the account security token (Client-Token) from Segurança.',
        'Enter the three values on the setup page and save.',
      ],
      required_secrets: [
        { name: 'ZAPI_INSTANCE_ID', hint: 'On the instance page.' },
        { name: 'ZAPI_INSTANCE_TOKEN', hint: 'On the instance page; it travels in the request path, so keep it out of logs.' },
        { name: 'ZAPI_CLIENT_TOKEN', hint: 'The account security token, under Segurança.' },
      ],
      known_pitfalls: [
        'The phone must stay online: a disconnected instance accepts messages but does not deliver them.',
        'Phone numbers go with country and area code and no symbols, e.g. 5511999999999.',
      ],
    },
  },
  {
    id: 'twilio',
    name: 'Twilio',
    category: 'messaging',
    country: 'GLOBAL',
    auth_type: 'api_key',
    description: 'Send SMS and WhatsApp messages and start phone verifications through Twilio.',
    capabilities: ['sms', 'whatsapp_message', 'voice', 'verification'],
    tools: [
      { name: 'twilio_send_sms', description: 'Sends an SMS to a phone number.' },
      { name: 'twilio_send_whatsapp', description: 'Sends a WhatsApp message from a Twilio sender.' },
      { name: 'twilio_start_verification', description: 'Sends a one-time verification code.' },
      { name: 'twilio_get_message', description: 'Fetches the delivery status of a message.' },
    ],
    color: '#f22f46',
  },
  {
    id: 'whatsapp-cloud',
    name: 'WhatsApp Cloud API',
    category: 'messaging',
    country: 'GLOBAL',
    auth_type: 'oauth',
    description: 'Send WhatsApp text, template and media messages from a WhatsApp Business number via the Cloud API.',
    capabilities: ['whatsapp_message', 'template_message', 'media_message', 'interactive_message'],
    tools: [
      { name: 'whatsapp_cloud_send_text', description: 'Sends a text message to a WhatsApp user.' },
      { name: 'whatsapp_cloud_send_template', description: 'Sends an approved message template.' },
      { name: 'whatsapp_cloud_send_media', description: 'Sends an image, video or document.' },
      { name: 'whatsapp_cloud_list_templates', description: 'Lists the message templates of the business account.' },
    ],
    scopes: ['whatsapp_business_messaging', 'whatsapp_business_management', 'business_management'],
    color: '#25d366',
  },
  {
    id: 'zenvia',
    name: 'Zenvia',
    category: 'messaging',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Send SMS, WhatsApp and RCS messages and check delivery status through Zenvia.',
    capabilities: ['sms', 'whatsapp_message', 'rcs', 'template_message'],
    tools: [
      { name: 'zenvia_send_sms', description: 'Sends an SMS to a phone number.' },
      { name: 'zenvia_send_whatsapp', description: 'Sends a WhatsApp text or template message.' },
      { name: 'zenvia_get_message_status', description: 'Fetches the delivery status of a message.' },
    ],
    color: '#7b2ff7',
  },

  // Commerce
  {
    id: 'vtex',
    name: 'VTEX',
    category: 'commerce',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Look up orders, products and stock and update order status in a VTEX store.',
    capabilities: ['orders', 'catalog', 'inventory', 'pricing'],
    tools: [
      { name: 'vtex_list_orders', description: 'Lists orders filtered by status or date.' },
      { name: 'vtex_get_order', description: 'Fetches the details of an order.' },
      { name: 'vtex_get_sku_inventory', description: 'Returns stock levels of a SKU per warehouse.' },
      { name: 'vtex_cancel_order', description: 'Cancels an order.' },
    ],
    color: '#f71963',
  },
  {
    id: 'shopify',
    name: 'Shopify',
    category: 'commerce',
    country: 'GLOBAL',
    auth_type: 'oauth',
    description: 'Read and update orders, products and inventory in a Shopify store.',
    capabilities: ['orders', 'catalog', 'inventory', 'fulfillment', 'customer'],
    tools: [
      { name: 'shopify_list_orders', description: 'Lists orders filtered by status or date.' },
      { name: 'shopify_get_product', description: 'Fetches a product and its variants.' },
      { name: 'shopify_adjust_inventory', description: 'Adjusts the inventory level of an item at a location.' },
      { name: 'shopify_create_fulfillment', description: 'Marks order items as fulfilled with tracking details.' },
    ],
    scopes: ['read_orders', 'write_orders', 'read_products', 'write_inventory'],
    color: '#95bf47',
  },
  {
    id: 'tienda-nube',
    name: 'Tiendanube',
    category: 'commerce',
    country: 'AR',
    auth_type: 'oauth',
    description: 'Read orders and products and update stock and order status in a Tiendanube store.',
    capabilities: ['orders', 'catalog', 'inventory', 'customer'],
    tools: [
      { name: 'tienda_nube_list_orders', description: 'Lists orders filtered by status or date.' },
      { name: 'tienda_nube_get_product', description: 'Fetches a product and its variants.' },
      { name: 'tienda_nube_update_stock', description: 'Updates the stock of a product variant.' },
      { name: 'tienda_nube_fulfill_order', description: 'Marks an order as packed or shipped.' },
    ],
    scopes: ['read_orders', 'write_orders', 'read_products', 'write_products'],
    color: '#2c3357',
  },

  // Logistics
  {
    id: 'correios',
    name: 'Correios',
    category: 'logistics',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Quote shipping prices and delivery times, create prepostings and track parcels through Correios.',
    capabilities: ['shipping_quote', 'tracking', 'label', 'cep_lookup'],
    tools: [
      { name: 'correios_quote_shipping', description: 'Quotes price and delivery time between two CEPs.' },
      { name: 'correios_create_prepost', description: 'Creates a preposting and returns the tracking code.' },
      { name: 'correios_track_object', description: 'Returns the tracking events of an object.' },
      { name: 'correios_lookup_cep', description: 'Looks up an address by CEP.' },
    ],
    color: '#00416b',
    setup: {
      difficulty: 'hard',
      instructions: [
        'You need a Correios contract with a cartão de postagem.',
        'In the Correios API portal, sign in with the Meu Correios user and generate an access code.',
        'Enter the user, the access code and the cartão de postagem number on the setup page.',
      ],
      required_secrets: [
        { name: 'CORREIOS_USER', hint: 'The Meu Correios user, usually the CNPJ.' },
        { name: 'CORREIOS_ACCESS_CODE', hint: 'Generated in the API portal; not the account password.' },
        { name: 'CORREIOS_POSTAGE_CARD', hint: 'The cartão de postagem number of the contract.' },
      ],
      known_pitfalls: [
        'Without a contract only quotes work: prepostings and labels need the cartão de postagem.',
        'The access code is not the Meu Correios password.',
      ],
    },
  },
  {
    id: 'melhor-envio',
    name: 'Melhor Envio',
    category: 'logistics',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Compare carrier quotes, buy and print shipping labels and track shipments through Melhor Envio.',
    capabilities: ['shipping_quote', 'label', 'tracking', 'multi_carrier'],
    tools: [
      { name: 'melhor_envio_quote_shipping', description: 'Quotes prices across carriers for a package.' },
      { name: 'melhor_envio_add_to_cart', description: 'Adds a shipment to the cart for purchase.' },
      { name: 'melhor_envio_generate_label', description: 'Generates the label for a purchased shipment.' },
      { name: 'melhor_envio_track_shipment', description: 'Returns the tracking status of a shipment.' },
    ],
    scopes: ['shipping-calculate', 'cart-write', 'shipping-generate', 'shipping-tracking'],
    color: '#1f60d6',
  },
  {
    id: 'skydropx',
    name: 'Skydropx',
    category: 'logistics',
    country: 'MX',
    auth_type: 'api_key',
    description: 'Quote carrier rates, create shipping labels and track parcels in Mexico through Skydropx.',
    capabilities: ['shipping_quote', 'label', 'tracking', 'multi_carrier'],
    tools: [
      { name: 'skydropx_create_quotation', description: 'Quotes carrier rates for a package.' },
      { name: 'skydropx_create_shipment', description: 'Creates a shipment and its label from a rate.' },
      { name: 'skydropx_track_shipment', description: 'Returns the tracking status of a shipment.' },
    ],
    color: '#2d5bff',
  },

  // ERP
  {
    id: 'omie',
    name: 'Omie',
    category: 'erp',
    country: 'BR',
    auth_type: 'api_key',
    description: 'Register customers and products, create sales orders and manage receivables in Omie.',
    capabilities: ['customer', 'sales_order', 'products', 'accounts_receivable'],
    tools: [
      { name: 'omie_upsert_customer', description: 'Creates or updates a customer record.' },
      { name: 'omie_create_sales_order', description: 'Creates a sales order.' },
      { name: 'omie_list_products', description: 'Lists registered products.' },
      { name: 'omie_list_receivables', description: 'Lists accounts receivable by due date.' },
    ],
    color: '#00a5e3',
  },
  {
    id: 'bling',
    name: 'Bling',
    category: 'erp',
    country: 'BR',
    auth_type: 'oauth',
    description: 'Create sales orders, manage products and stock and issue NF-e from a Bling account.',
    capabilities: ['sales_order', 'products', 'inventory', 'nfe_issue'],
    tools: [
      { name: 'bling_create_sales_order', description: 'Creates a sales order.' },
      { name: 'bling_list_products', description: 'Lists products with their stock.' },
      { name: 'bling_update_stock', description: 'Updates the stock of a product.' },
      { name: 'bling_issue_nfe', description: 'Issues an NF-e from a sales order.' },
    ],
    scopes: ['pedidos_vendas', 'produtos', 'estoques', 'notas_fiscais'],
    color: '#3fb34f',
  },
  {
    id: 'siigo',
    name: 'Siigo',
    category: 'erp',
    country: 'CO',
    auth_type: 'api_key',
    description: 'Register customers and products and create electronic sales invoices in Siigo.',
    capabilities: ['customer', 'products', 'invoice', 'factura_electronica'],
    tools: [
      { name: 'siigo_create_customer', description: 'Creates a customer record.' },
      { name: 'siigo_create_invoice', description: 'Creates an electronic sales invoice.' },
      { name: 'siigo_list_products', description: 'Lists registered products.' },
    ],
    color: '#00aaff',
  },

  // Identity
  {
    id: 'brasil-api',
    name: 'BrasilAPI',
    category: 'identity',
    country: 'BR',
    auth_type: 'none',
    description: 'Look up public Brazilian data such as CNPJ registrations, CEP addresses and bank codes through BrasilAPI.',
    capabilities: ['cnpj_lookup', 'cep_lookup', 'bank_lookup', 'holidays'],
    tools: [
      { name: 'brasil_api_lookup_cnpj', description: 'Fetches company registration data by CNPJ.' },
      { name: 'brasil_api_lookup_cep', description: 'Fetches an address by CEP.' },
      { name: 'brasil_api_list_banks', description: 'Lists Brazilian banks and their codes.' },
      { name: 'brasil_api_list_holidays', description: 'Lists national holidays for a year.' },
    ],
    color: '#009c3b',
  },
];
