DROP TABLE receipts;
DROP TABLE deliveries;
DROP TABLE dispatches;
DROP TABLE letters;
DROP TABLE number_counters;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE orgs;
