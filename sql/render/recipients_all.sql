SELECT * FROM render_recipients
