// The OAuth consent page's pure parts: reading the authorization request from the address, and
// where the browser may be sent afterwards.

export interface AuthorizeRequest {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  scope: string;
}

export function authorizeRequest(search: string): AuthorizeRequest {
  const p = new URLSearchParams(search);
  return {
    response_type: p.get('response_type') ?? '',
    client_id: p.get('client_id') ?? '',
    redirect_uri: p.get('redirect_uri') ?? '',
    state: p.get('state') ?? '',
    scope: p.get('scope') ?? '',
  };
}

/** Where the browser may be sent: not a script or data URL. */
export function safeNavigation(url: string): boolean {
  const u = url.trim().toLowerCase();
  return !!u && !u.startsWith('javascript:') && !u.startsWith('data:') && !u.startsWith('vbscript:');
}

/** The client's callback with `error=access_denied` (and the `state` it sent): the user said no. */
export function deniedRedirect(redirectUri: string, state: string): string | null {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.searchParams.set('error', 'access_denied');
  if (state) url.searchParams.set('state', state);
  return url.toString();
}

/**
 * Whether a path of this origin must be loaded from the server rather than routed to inside the
 * app: at `/oauth/authorize` the server decides first (a trusted or already-allowed app goes
 * straight back to its client with a code; only the others get the consent page). The login
 * page, sending the user back there, loads it.
 */
export function loadedByServer(path: string): boolean {
  return path.split(/[?#]/, 1)[0] === '/oauth/authorize';
}
