-- Runs once, as the PostgreSQL superuser, on the database's first start.
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE shared_db OWNER wso2carbon;
-- TODO (README step 1): the identity database.
