const express = require('express');
const cookieParser = require('cookie-parser');
const morgan = require('morgan');
const config = require('./config');
const { rateLimit } = require('./middleware/auth');

const authRoutes = require('./routes/auth');
const productRoutes = require('./routes/products');
const orderRoutes = require('./routes/orders');
const fileRoutes = require('./routes/files');
const adminRoutes = require('./routes/admin');

const app = express();

app.use(morgan('dev'));
app.use(express.json({ limit: '1mb' }));
app.use(express.urlencoded({ extended: true }));
app.use(cookieParser());

app.use('/auth', rateLimit({ windowMs: 15 * 60 * 1000, max: 20 }), authRoutes);
app.use('/api', rateLimit());
app.use('/api/products', productRoutes);
app.use('/api/orders', orderRoutes);
app.use('/api/files', fileRoutes);
app.use('/api/admin', adminRoutes);

app.get('/health', (req, res) => {
  res.json({ status: 'ok', uptime: process.uptime() });
});

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: err.message || 'Internal Server Error' });
});

app.listen(config.port, () => {
  console.log(`acme-orders-api listening on port ${config.port} (${config.env})`);
});

module.exports = app;
