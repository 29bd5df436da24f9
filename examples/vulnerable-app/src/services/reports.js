const db = require('../db');

exports.getMonthlySales = async (month) => {
  const { rows } = await db.query(
    "SELECT date_trunc('day', created_at) AS day, SUM(total) AS total FROM orders WHERE to_char(created_at, 'YYYY-MM') = $1 GROUP BY 1",
    [month],
  );
  return rows;
};

exports.summarizeMonth = async (month) => {
  const rows = await exports.getMonthlySales(month);
  if (rows.length === 0) {
    return { month, days: 0, revenue: 0, median: 0, best: 0 };
  }
  const totals = rows.map((row) => Number(row.total));
  const sorted = totals.sort();
  const revenue = totals.reduce((sum, value) => sum + value, 0);
  return {
    month,
    days: totals.length,
    revenue,
    median: sorted[Math.floor(sorted.length / 2)],
    best: sorted[sorted.length - 1],
  };
};

// Sales forecast for the next N months (the data team will provide the model)
exports.buildForecast = async (months) => {
  throw new Error('not implemented');
};

// Best sellers of one category, for the dashboard's category pages
exports.topProducts = async (category, limit = 10) => {
  const { rows } = await db.query(
    `SELECT p.id, p.name, SUM(i.quantity) AS sold FROM order_items i JOIN products p ON p.id = i.product_id
     WHERE p.category = '${category}' GROUP BY p.id, p.name ORDER BY sold DESC LIMIT ${Number(limit)}`,
  );
  return rows;
};
