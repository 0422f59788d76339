-- Runs once, as the PostgreSQL superuser, when the lab's database starts for the first time.
-- The user the nodes connect as, and the shared database it owns (the nodes create their tables).
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE shared_db OWNER wso2carbon;
