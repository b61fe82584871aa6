-- The send's summary row, in the render's transaction; the counts come as JSON objects of name to count.
INSERT INTO render_summaries
VALUES (:campaign, :send, :sendAt, :renderAt, :version, :asOf, :age, :stale, :audience, :rendered,
        CAST(:excluded::JSON AS MAP(VARCHAR, BIGINT)), CAST(:rejected::JSON AS MAP(VARCHAR, BIGINT)),
        CAST(:fallbacks::JSON AS MAP(VARCHAR, BIGINT)), CAST(:variants::JSON AS MAP(VARCHAR, BIGINT)),
        :source, :ms, :export, :consentSource, :consentCheckedAt, :consentStatements, :consentNote, :stockSkipped,
        :ratesDate, :moneyConverted, :moneyUnconvertible)
