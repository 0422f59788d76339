// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { cohortAnalytics } from "@/lib/progress/http/handlers/instructor";

export const dynamic = "force-dynamic";
export const GET = nextRoute(cohortAnalytics);
