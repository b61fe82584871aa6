-- After render_recipients is read: results made whole again (the driver's default), so the render's later
-- statements may run while a result is open. (RESET of this option fails inside the driver, 2.0.0.1: an internal error.)
SET jdbc_stream_results = false
