-- Runs once, as the PostgreSQL superuser, when the lab's database starts for the first time.
-- Ready-made (the shared-db lab teaches this step): the user the broker nodes connect as, and the broker store's
-- database it owns. The nodes create their tables in it.
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE wso2_mb OWNER wso2carbon;
