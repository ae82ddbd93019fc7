import type { EmulatorStore } from "./store.js";
import type { SeedTokenAccess } from "./types.js";

/** What Konnect tokens look like: personal (`kpat_`) or system account (`spat_`) access tokens. */
export const tokenShape = /^(kpat|spat)_[A-Za-z0-9_-]+$/;

export type AuthResult = { ok: true; canSee: (cpId: string) => boolean } | { ok: false; message: string };

/**
 * Bearer auth as Konnect does it. Without a token table any well-shaped token sees every control
 * plane; with one, only listed tokens are valid and each sees its control planes (ids or names,
 * resolved at request time so control planes added later are covered).
 */
export function authenticate(header: string | undefined, tokens: Record<string, SeedTokenAccess> | undefined, store: EmulatorStore): AuthResult {
  if (!header) return { ok: false, message: "No API key found in request" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  if (!token) return { ok: false, message: "Invalid authorization header: expected 'Bearer <token>'" };
  if (!tokens) {
    return tokenShape.test(token) ? { ok: true, canSee: () => true } : { ok: false, message: "Invalid credentials" };
  }
  const access = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
  if (!access) return { ok: false, message: "Invalid credentials" };
  if (access.controlPlanes === "*") return { ok: true, canSee: () => true };
  const allowed = access.controlPlanes;
  return {
    ok: true,
    canSee: (cpId) => {
      const cp = store.findControlPlane(cpId);
      return allowed.includes(cpId) || (cp !== undefined && allowed.includes(cp.name));
    },
  };
}
