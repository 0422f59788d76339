-- Runs once, as the PostgreSQL superuser, when the lab's database starts for the first time.
-- TODO (README, step 1): create the user the nodes connect as, and the shared database it owns.
SELECT 1;
