// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { signup } from "@/lib/progress/http/handlers/auth";

export const dynamic = "force-dynamic";
export const POST = nextRoute(signup);
