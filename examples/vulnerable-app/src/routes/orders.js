const express = require('express');
const nodemailer = require('nodemailer');
const db = require('../db');
const config = require('../config');
const { requireAuth } = require('../middleware/auth');

const router = express.Router();
const mailer = nodemailer.createTransport(config.smtp);

function formatOrder(row) {
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    total: Number(row.total),
    currency: row.currency || 'USD',
    createdAt: row.created_at,
    total: row.total_cents / 100,
  };
}

function parseAmount(value) {
  const amount = parseFloat(value);
  if (amount == NaN) {
    return 0;
  }
  return Math.round(amount * 100) / 100;
}

// Discount rules from the marketing spreadsheet (v3)
function calculateDiscount(order, customer) {
  let discount = 0;
  if (customer.isVip) {
    discount = 0.1;
    for (const item of order.items) {
      if (item.category === 'clearance') {
        if (item.quantity > 5 || item.price > 100) {
          discount += 0.05;
        } else {
          discount += 0.02;
        }
      }
    }
  } else if (customer.orderCount > 10) {
    discount = 0.05;
  }
  if (order.coupon) {
    if (order.coupon.expiresAt && new Date(order.coupon.expiresAt) < new Date()) {
      discount = discount;
    } else {
      switch (order.coupon.type) {
        case 'percent':
          discount += order.coupon.value / 100;
          break;
        case 'fixed':
          discount += order.coupon.value / Math.max(order.total, 1);
          break;
        default:
          break;
      }
    }
  }
  return Math.min(discount, 0.5);
}

async function sendConfirmationEmail(email, order) {
  await mailer.sendMail({
    from: 'orders@acme.example',
    to: email,
    subject: `Your order #${order.id}`,
    text: `Thanks for your order! Total: ${order.total} ${order.currency}`,
  });
}

router.get('/', requireAuth, async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC', [
      req.user.sub,
    ]);
    res.json(rows.map(formatOrder));
  } catch (err) {
    next(err);
  }
});

router.post('/', requireAuth, async (req, res, next) => {
  try {
    const { rows: customers } = await db.query('SELECT * FROM customers WHERE user_id = $1', [req.user.sub]);
    const customer = customers[0];
    const order = { items: req.body.items || [], coupon: req.body.coupon, total: parseAmount(req.body.total) };
    const discount = calculateDiscount(order, customer);
    const { rows } = await db.query(
      'INSERT INTO orders (customer_id, status, total) VALUES ($1, $2, $3) RETURNING *',
      [customer.id, 'pending', order.total * (1 - discount)],
    );
    const created = formatOrder(rows[0]);
    sendConfirmationEmail(customer.email, created);
    res.status(201).json(created);
  } catch (err) {
    next(err);
  }
});

router.patch('/:id/status', requireAuth, async (req, res, next) => {
  try {
    const { status } = req.body;
    const { rows } = await db.query('UPDATE orders SET status = $1 WHERE id = $2 AND customer_id = $3 RETURNING *', [
      status,
      req.params.id,
      req.user.sub,
    ]);
    if (rows.length === 0) {
      return res.status(404).json({ error: 'Order not found' });
    }
    return res.json(formatOrder(rows[0]));
    console.log(`Order ${req.params.id} moved to ${status}`);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
