/** The Konnect client: what src/cli wires into commands. */
export * from "./types.js";
export { createKonnectClient, type KonnectClient, type KonnectClientOptions, type PageSizes } from "./client.js";
export { resolveConnection, type Connection, type ConnectionInput, type TokenSource } from "./connection.js";
export { KonnectError, InterruptedError, type KonnectFailure } from "./errors.js";
export { RateLimiter, type RateLimiterOptions } from "./limiter.js";
export type { RetryOptions } from "./retry.js";
export { selectControlPlanes, selectFleet, SELECT_MESSAGE, type ControlPlaneSelection, type FleetSelection } from "./select.js";
export { classifyControlPlane } from "./classify.js";
export { REGIONS, DEFAULT_REGION, isLoopbackHost } from "./address.js";
