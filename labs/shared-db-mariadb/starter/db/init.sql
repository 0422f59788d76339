-- Runs once, as the MariaDB root user, when the lab's database starts for the first time.
-- TODO (README, step 1): create the shared database, the user the nodes connect as, and its grant.
SELECT 1;
