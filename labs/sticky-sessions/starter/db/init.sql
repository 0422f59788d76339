-- Runs once when the lab's PostgreSQL starts for the first time: the shared database of the nodes.
CREATE USER wso2carbon WITH PASSWORD 'wso2carbon';
CREATE DATABASE shared_db OWNER wso2carbon;
