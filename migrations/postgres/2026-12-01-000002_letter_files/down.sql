DROP TABLE letter_files;
DROP TABLE blobs;
