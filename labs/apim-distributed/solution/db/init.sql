-- Runs once, as the PostgreSQL superuser, on the database's first start (README step 3).
-- The three shared API-M 2.6 databases, with lower-case names (PostgreSQL folds unquoted names to lower case):
-- wso2am_db (WSO2AM_DB: APIs, applications, subscriptions, keys, tokens), wso2um_db (WSO2UM_DB: users and roles),
-- wso2reg_db (WSO2REG_DB: the shared config and governance registry). One user owns them, as in kubernetes-apim
-- v2.6.0.9 pattern-3's init.sql (which grants all three to wso2carbon).
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE wso2am_db OWNER wso2carbon;
CREATE DATABASE wso2um_db OWNER wso2carbon;
CREATE DATABASE wso2reg_db OWNER wso2carbon;
