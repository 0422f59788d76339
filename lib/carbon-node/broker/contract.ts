/**
 * The broker model's lab-only HTTP face, as zod schemas: broker-profile.ts answers in these shapes and the
 * ei-broker lab's checks parse them (one contract, so a change breaks the type check, not a lab at run time).
 */
import { z } from "zod";

export const brokerStatusSchema = z.object({
  node: z.string(),
  nodeId: z.string(),
  store: z.string(),
  sharedStore: z.boolean(),
  rdbmsCoordination: z.boolean(),
  state: z.enum(["CANDIDATE", "ELECTION", "COORDINATOR", "NOT_MODELLED"]),
  coordinator: z.boolean(),
  coordinatorSince: z.number().nullable(),
  coordinatorRow: z
    .object({
      nodeId: z.string(),
      lastHeartbeat: z.number(),
      thriftHost: z.string(),
      thriftPort: z.number(),
      ageMs: z.number(),
    })
    .nullable(),
});
export type BrokerStatus = z.infer<typeof brokerStatusSchema>;

export const publishedSchema = z.object({
  messageId: z.string(),
  queue: z.string(),
  publishedOn: z.string(),
  store: z.string(),
});

export const deliverySchema = z.object({
  messageId: z.string(),
  body: z.string(),
  publishedBy: z.string(),
  deliveryCount: z.number(),
  queue: z.string(),
  deliveredOn: z.string(),
  redelivered: z.boolean(),
});
