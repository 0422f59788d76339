-- Runs once, as the PostgreSQL superuser, on the database's first start: the user the IS nodes
-- connect as, the shared database (user store, config and governance registry) and the identity database.
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE shared_db OWNER wso2carbon;
CREATE DATABASE identity_db OWNER wso2carbon;
-- Pattern 2: the database both analytics workers coordinate through (WSO2_CLUSTER_DB).
CREATE DATABASE cluster_db OWNER wso2carbon;
