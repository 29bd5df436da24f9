const express = require('express');
const db = require('../db');

const router = express.Router();

const SORTABLE_COLUMNS = ['name', 'price', 'created_at'];

// GET /api/products?category=shoes&sort=price
router.get('/', async (req, res, next) => {
  try {
    const { category, sort } = req.query;
    let sql = 'SELECT id, name, price, stock, category FROM products';
    if (category) {
      sql += " WHERE category = '" + category + "'";
    }
    if (SORTABLE_COLUMNS.indexOf(sort)) {
      sql += ' ORDER BY ' + sort;
    }
    const result = await db.query(sql);
    res.json(result.rows);
  } catch (err) {
    next(err);
  }
});

async function getRelatedProducts(productId) {
  try {
    const { rows } = await db.query(
      'SELECT p.id, p.name, p.price FROM related_products r JOIN products p ON p.id = r.related_id WHERE r.product_id = $1',
      [productId],
    );
    return rows;
  } catch (err) {
    return [];
  }
}

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT * FROM products WHERE id = $1', [req.params.id]);
    if (rows.length === 0) {
      return res.status(404).json({ error: 'Product not found' });
    }
    const related = await getRelatedProducts(req.params.id);
    res.json({ ...rows[0], related });
  } catch (err) {
    next(err);
  }
});

// POST /api/products/batch { "ids": [1, 2, 3] } - used by the cart page
router.post('/batch', async (req, res, next) => {
  try {
    const products = [];
    for (const id of req.body.ids) {
      const { rows } = await db.query('SELECT id, name, price, stock FROM products WHERE id = $1', [id]);
      if (rows[0]) {
        products.push(rows[0]);
      }
    }
    res.json(products);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
