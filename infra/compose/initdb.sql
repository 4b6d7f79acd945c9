CREATE DATABASE registrydb;
CREATE DATABASE trackingdb;
