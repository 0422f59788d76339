-- Runs once, as the MariaDB root user, when the lab's database starts for the first time.
-- The shared database, the user the nodes connect as, and its rights on that database (the nodes
-- create their tables). '%': the nodes connect from their own containers, not from localhost.
CREATE DATABASE shared_db;
CREATE USER 'wso2carbon'@'%' IDENTIFIED BY 'wso2carbon';
GRANT ALL PRIVILEGES ON shared_db.* TO 'wso2carbon'@'%';
