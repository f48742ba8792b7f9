DROP TABLE stamped_files;
