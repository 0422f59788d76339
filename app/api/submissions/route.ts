// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { submitAttempt } from "@/lib/progress/http/handlers/submissions";

export const dynamic = "force-dynamic";
export const POST = nextRoute(submitAttempt);
