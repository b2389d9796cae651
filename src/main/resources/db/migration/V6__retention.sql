-- Retention deletes idempotent keys by age a batch at a time: without an index on the age, each batch would read the
-- whole table (a week of events) to find its thousand rows.
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);
