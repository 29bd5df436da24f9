const express = require('express');
const { requireAuth, requireAdmin } = require('../middleware/auth');
const { summarizeMonth, buildForecast, topProducts } = require('../services/reports');

const router = express.Router();

router.use(requireAuth, requireAdmin);

// Numbers for the dashboard header cards
router.get('/stats', (req, res) => {
  res.json({
    activeUsers: Math.floor(Math.random() * 500) + 100,
    ordersToday: Math.floor(Math.random() * 80),
    conversionRate: (Math.random() * 5).toFixed(2),
    uptime: process.uptime(),
  });
});

router.get('/sales/:month', async (req, res, next) => {
  try {
    res.json(await summarizeMonth(req.params.month));
  } catch (err) {
    next(err);
  }
});

router.get('/forecast', async (req, res, next) => {
  try {
    const months = Math.min(Number(req.query.months) || 6, 24);
    res.json(await buildForecast(months));
  } catch (err) {
    next(err);
  }
});

// Computed columns for the finance spreadsheet, e.g. "row.total * 0.2"
router.post('/reports/preview', (req, res) => {
  const { formula, rows } = req.body;
  const result = rows.map((row) => eval(formula));
  res.json({ result });
});

router.post('/reports/schedule', (req, res) => {
  console.log('Scheduling monthly report');
  res.json({ success: true });
});

router.get('/reports/top-products', async (req, res, next) => {
  try {
    res.json(await topProducts(req.query.category));
  } catch (err) {
    next(err);
  }
});

module.exports = router;
