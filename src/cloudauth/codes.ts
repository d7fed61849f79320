/**
 * The financial-grade product's documented body codes and SubCodes (../shared/spec/fin-face-verify.md §3.3,
 * §3.4), as data shared by the Cloudauth 2019-03-07 catalog and SAF fin_face_verify's.
 */
export interface BodyCode {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** When the product answers it (the metadata's explanation column, shortened). */
  readonly meaning: string;
}

export const BODY_CODES: readonly BodyCode[] = [
  { code: '400', zh: '参数不能为空', en: 'Parameter cannot be empty', meaning: 'A required parameter is missing or empty.' },
  { code: '401', zh: '参数非法', en: 'Invalid parameter', meaning: 'A parameter has a bad format (name, ID number, SceneId, URL…); also a CallbackUrl the service cannot reach.' },
  { code: '402', zh: '应用配置不存在', en: 'Application configuration does not exist', meaning: 'The application configuration does not exist.' },
  { code: '403', zh: '认证未完成', en: 'Authentication not completed', meaning: 'The verification is not finished yet.' },
  { code: '404', zh: '认证场景配置不存在', en: 'Authentication scenario configuration does not exist', meaning: 'Unknown SceneId.' },
  { code: '405', zh: '您的年龄未满14周岁，不允许使用此产品', en: 'Age under 14, not allowed to use this product', meaning: 'The ID number says the user is under 14.' },
  { code: '406', zh: '无效的certifyId', en: 'Invalid certifyId', meaning: 'The CertifyId is unknown (or of another scene).' },
  { code: '410', zh: '未开通服务', en: 'Service not enabled', meaning: 'OSS not opened or not authorised.' },
  { code: '411', zh: 'RAM无权限', en: 'No RAM permission', meaning: 'The RAM user lacks AliyunAntCloudAuthFullAccess.' },
  { code: '412', zh: '欠费中', en: 'In arrears', meaning: 'The account is in arrears.' },
  { code: '414', zh: '设备类型不支持', en: 'Device type not supported', meaning: 'MetaInfo names an unsupported device.' },
  { code: '415', zh: 'SDK版本不支持', en: 'SDK version not supported', meaning: 'MetaInfo names an unsupported SDK version.' },
  { code: '416', zh: '系统版本不支持', en: 'OS version not supported', meaning: 'MetaInfo names an unsupported OS version.' },
  { code: '417', zh: '无法使用刷脸服务', en: 'Face authentication service unavailable', meaning: 'The reference photo source is unavailable.' },
  { code: '418', zh: '刷脸失败次数过多', en: 'Too many face authentication failures', meaning: 'Daily limit of failures reached.' },
  { code: '419', zh: '传入图片不可用', en: 'Invalid image supplied', meaning: 'The picture is not a usable JPEG.' },
  { code: '420', zh: '数据重复', en: 'Duplicate data', meaning: 'More than one picture source given.' },
  { code: '421', zh: '传入图片过大', en: 'Image too large', meaning: 'The picture is over 1 MB.' },
  { code: '422', zh: '下载图片超时', en: 'Image download timeout', meaning: 'The picture URL took over 3 s.' },
  { code: '423', zh: '状态错误', en: 'Invalid status', meaning: 'A reused CertifyId is not a passed verification.' },
  { code: '424', zh: '身份认证记录不存在', en: 'No identity verification record', meaning: 'No submission for this CertifyId yet.' },
  { code: '500', zh: '系统错误', en: 'System error', meaning: 'Internal error.' },
];

export interface SubCode {
  readonly subCode: string;
  readonly zh: string;
  readonly passed: 'T' | 'F';
}

export const SUB_CODES: readonly SubCode[] = [
  { subCode: '200', zh: '认证通过', passed: 'T' },
  { subCode: '201', zh: '姓名和身份证不一致', passed: 'F' },
  { subCode: '202', zh: '查询不到身份信息', passed: 'F' },
  { subCode: '203', zh: '查询不到照片或照片不可用', passed: 'F' },
  { subCode: '204', zh: '人脸比对不一致', passed: 'F' },
  { subCode: '205', zh: '活体检测存在风险', passed: 'F' },
  { subCode: '206', zh: '业务策略限制', passed: 'F' },
];

export function bodyCode(code: string): BodyCode {
  const found = BODY_CODES.find((c) => c.code === code);
  if (!found) throw new Error(`no body code ${code}`);
  return found;
}
