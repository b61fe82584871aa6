-- The last execution of every job (Spring Batch's tables), one per source for the jobs that read one (extract) and
-- one per campaign for the render: what /metrics reports as each job's last run.
SELECT i.JOB_NAME AS job,
       COALESCE(s.PARAMETER_VALUE, '') AS source,
       COALESCE(c.PARAMETER_VALUE, '') AS campaign,
       MAX(e.JOB_EXECUTION_ID) AS execution_id
FROM BATCH_JOB_EXECUTION e
JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
LEFT JOIN BATCH_JOB_EXECUTION_PARAMS s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.PARAMETER_NAME = 'source'
LEFT JOIN BATCH_JOB_EXECUTION_PARAMS c ON c.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND c.PARAMETER_NAME = 'campaign'
GROUP BY i.JOB_NAME, COALESCE(s.PARAMETER_VALUE, ''), COALESCE(c.PARAMETER_VALUE, '')
