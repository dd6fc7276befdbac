/** Single sign-on with OpenID Connect: being written (see the OIDC task). Registers nothing yet. */
import type { App } from '../../platform/http/types.ts';

export function oidcRoutes(_app: App): void {}
