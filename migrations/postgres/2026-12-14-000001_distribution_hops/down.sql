DROP TABLE index_builds;
DROP TABLE distribution_counts;
DROP TABLE distribution_hops;
