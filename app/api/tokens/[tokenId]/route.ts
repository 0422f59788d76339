// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { revokeToken } from "@/lib/progress/http/handlers/tokens";

export const dynamic = "force-dynamic";
export const DELETE = nextRoute(revokeToken);
