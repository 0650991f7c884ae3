INSERT INTO demo_product (sku, name, description, price_cents, position) VALUES
    ('TEA-GREEN',  'Sencha green tea',       'Loose leaf, 100 g tin',                  890, 1),
    ('TEA-BLACK',  'Assam breakfast tea',    'Loose leaf, 250 g bag',                  750, 2),
    ('COF-BEANS',  'Single-origin coffee',   'Whole beans from Huila, 500 g',         1450, 3),
    ('MUG-STONE',  'Stoneware mug',          'Hand-glazed, 350 ml',                   1200, 4),
    ('POT-GLASS',  'Glass teapot',           'Borosilicate with steel infuser, 1 l',  2490, 5),
    ('KET-GOOSE',  'Gooseneck kettle',       'Stovetop, 0.9 l, brushed steel',        3900, 6),
    ('FIL-PAPER',  'Paper filters',          'Size 02, pack of 100',                   450, 7),
    ('GFT-CARD',   'Gift card',              'Redeemable in the shop, value 25.00',   2500, 8);
