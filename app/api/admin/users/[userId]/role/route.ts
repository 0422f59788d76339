// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { setRole } from "@/lib/progress/http/handlers/admin";

export const dynamic = "force-dynamic";
export const PUT = nextRoute(setRole);
