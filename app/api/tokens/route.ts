// Classroom API route: a one-line adapter onto lib/progress/http (see lib/progress/http/routes.ts).
import { nextRoute } from "@/app/api/_shared/context";
import { createToken, listTokens } from "@/lib/progress/http/handlers/tokens";

export const dynamic = "force-dynamic";
export const GET = nextRoute(listTokens);
export const POST = nextRoute(createToken);
