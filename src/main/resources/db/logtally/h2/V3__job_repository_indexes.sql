-- The indexes Spring Batch's reference recommends for its tables ("Recommendations for Indexing Meta Data Tables"),
-- which its schema scripts leave out. Without them, every lookup of a window's last step execution (one per window
-- when a run is planned, and again when it is published) scans every step execution of the run: a backfill of
-- 36,500 daily windows is quadratic in its windows.
CREATE INDEX IF NOT EXISTS BATCH_JOB_EXECUTION_INSTANCE_IX ON BATCH_JOB_EXECUTION (JOB_INSTANCE_ID);
CREATE INDEX IF NOT EXISTS BATCH_JOB_EXECUTION_PARAMS_EXECUTION_IX ON BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID);
CREATE INDEX IF NOT EXISTS BATCH_STEP_EXECUTION_EXECUTION_NAME_IX ON BATCH_STEP_EXECUTION (JOB_EXECUTION_ID, STEP_NAME);
