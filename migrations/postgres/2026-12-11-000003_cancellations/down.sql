DROP TABLE cancellations;
