/**
 * Start a stand-in's HTTP server and hand back its port and a close(): the EC2 metadata/API stand-in and the
 * Kubernetes API stand-in both listen the same way (port 0 = any free port in tests; 0.0.0.0 inside a lab container).
 */
import type http from "node:http";

export type ListeningStandIn = { port: number; close: () => Promise<void> };

export async function listenStandIn(
  server: http.Server,
  options: { port?: number; host?: string },
): Promise<ListeningStandIn> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
