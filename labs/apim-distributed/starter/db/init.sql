-- Runs once, as the PostgreSQL superuser, on the database's first start.
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
-- TODO (README step 3): the three shared API-M databases, owned by wso2carbon.
