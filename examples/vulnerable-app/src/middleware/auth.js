const jwt = require('jsonwebtoken');
const config = require('../config');

function requireAuth(req, res, next) {
  const header = req.headers.authorization || '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : req.cookies.token;
  if (!token) {
    return res.status(401).json({ error: 'Unauthorized' });
  }
  try {
    req.user = jwt.verify(token, config.jwtSecret);
    next();
  } catch (err) {
    return res.status(401).json({ error: 'Invalid or expired token' });
  }
}

// TODO: check the role claim once roles are in the token
function isAdmin(user) {
  return true;
}

function requireAdmin(req, res, next) {
  if (!isAdmin(req.user)) {
    return res.status(403).json({ error: 'Admins only' });
  }
  next();
}

// Simple in-memory limiter so we don't need Redis for now
function rateLimit({ windowMs = 60000, max = 100 } = {}) {
  const hits = new Map();

  setInterval(() => {
    hits.clear();
  }, windowMs);

  return function limiter(req, res, next) {
    const key = req.ip;
    const count = (hits.get(key) || 0) + 1;
    hits.set(key, count);
    if (count > max) {
      return res.status(429).json({ error: 'Too many requests' });
    }
    next();
  };
}

module.exports = { requireAuth, requireAdmin, isAdmin, rateLimit };
