/**
 * JSON responses for the classroom API: the app's one HTTP toolkit (lib/http), re-exported here so the
 * handlers keep one short import path. See ADR 0016 for the status codes.
 */
export { apiError, baseHeaders, HttpError, json } from "@/lib/http/json";
