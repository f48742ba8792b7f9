-- The working-day calendar: public holidays (วันหยุดราชการ) by date. Weekends are not stored;
-- deadlines "N วันทำการ" and reminders skip them and these dates.
CREATE TABLE holidays (
    day DATE PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
